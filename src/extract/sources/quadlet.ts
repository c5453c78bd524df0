import { imageInString } from '../common/string-image.js';
import type { Extractor, Found } from '../types.js';

/**
 * Podman Quadlet units: `*.container` anywhere, and `*.image` and `*.volume` inside a `systemd/`, `quadlet/` or
 * `quadlets/` directory (elsewhere those extensions name disk images and other things).
 */
const QUADLET_NAME = /(?:^|\/)[^/]+\.container$|(?:^|\/)(?:systemd|quadlets?)\/(?:[^/]+\/)*[^/]+\.(?:image|volume)$/;

/** The sections whose `Image=` names an image to pull: containers, image units, and volumes of `Driver=image`. */
const IMAGE_SECTIONS = new Set(['Container', 'Image', 'Volume']);

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const IMAGE_LINE = /^(\s*Image\s*=\s*)(.*?)\s*$/;

/**
 * Podman Quadlet units (`.container`, `.image`, `.volume`): `Image=` in their `[Container]`, `[Image]` and `[Volume]`
 * sections. An image that is another unit (`Image=app.image`, `Image=app.build`) is read in that unit. A short name
 * (`Image=nginx`) is skipped: Podman resolves it through registries.conf, not always to Docker Hub. Lines continued
 * with `\` and systemd specifiers (`%i`) are skipped too.
 */
export const quadletExtractor: Extractor<'quadlet'> = {
  kind: 'quadlet',
  matches: (path) => QUADLET_NAME.test(path),
  extract(text) {
    const found: Found[] = [];
    let section = '';
    let offset = 0;
    for (const line of text.split('\n')) {
      const start = offset;
      offset += line.length + 1;
      const header = SECTION.exec(line);
      if (header) section = header[1]!;
      const match = IMAGE_SECTIONS.has(section) ? IMAGE_LINE.exec(line.replace(/\r$/, '')) : null;
      if (!match) continue;
      const [, before, written] = match as unknown as [string, string, string];
      if (written === '' || /\.(?:image|build)$/.test(written)) continue;
      const quoted = /^(["'])(.*)\1$/.exec(written);
      const value = quoted ? quoted[2]! : written;
      const from = start + before.length + (quoted ? 1 : 0);
      const one = imageInString(
        'quadlet',
        text,
        { value, start: from, end: from + value.length },
        { ...skipFor(value) },
      );
      if (one) found.push(one);
    }
    return found;
  },
};

function skipFor(image: string): { skip?: string } {
  if (image.endsWith('\\')) return { skip: 'continued on the next line, which basepin does not read' };
  if (image.includes('%')) return { skip: 'uses a systemd specifier' };
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const qualified = first.includes('.') || first.includes(':') || first === 'localhost';
  return qualified ? {} : { skip: 'short name: Podman resolves it through registries.conf' };
}
