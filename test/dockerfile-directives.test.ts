import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { readDirectives, syntaxImage, textForParser } from '../src/extract/dockerfile/directives.js';

describe('readDirectives', () => {
  it('reads names (lower-cased), values and where each value starts', () => {
    const text = '\ufeff# Syntax = docker/dockerfile:1 opt  \r\n#escape=`\r\nFROM a\r\n';
    const directives = readDirectives(text);
    assert.deepEqual(
      directives.lines.map((line) => [
        line.name,
        line.value,
        text.slice(line.valueStart, line.valueStart + line.value.length),
      ]),
      [
        ['syntax', 'docker/dockerfile:1 opt', 'docker/dockerfile:1 opt'],
        ['escape', '`', '`'],
      ],
    );
    assert.equal(directives.escape, '`');
    assert.equal(directives.syntax && syntaxImage(directives.syntax), 'docker/dockerfile:1');
  });

  it('stops at the first line that is not a known directive', () => {
    assert.deepEqual(readDirectives('# foo=bar\n# escape=`\n').lines, []);
    assert.deepEqual(readDirectives('#\n# escape=`\n').lines, []);
    assert.deepEqual(readDirectives('\n# escape=`\n').lines, []);
    assert.equal(readDirectives('# check=skip=all\n# escape=`\n').escape, '`');
  });

  it('an indented directive sets the escape character but is no syntax directive', () => {
    const directives = readDirectives('  # syntax=x:1\n\t# escape=`\nFROM a\n');
    assert.deepEqual(
      directives.lines.map((line) => [line.name, line.indented]),
      [
        ['syntax', true],
        ['escape', true],
      ],
    );
    assert.equal(directives.escape, '`');
    assert.equal(directives.syntax, undefined);
  });
});

describe('textForParser', () => {
  const headers = [
    '# syntax=docker/dockerfile:1  \n# escape=`\n',
    '# syntax=a b\n# escape=`\n',
    '# foo=bar\n# escape=`\n',
    '  # escape=`\n',
    '# escape=`\n# check=skip=all\n',
    '# escape=\\\n# foo=bar\n',
    '# hello\n',
    '',
  ];
  for (const header of headers) {
    it(`dockerfile-ast reads the escape character BuildKit reads: ${JSON.stringify(header)}`, () => {
      const text = `${header}FROM a\nRUN echo \`\n  hi\n`;
      const directives = readDirectives(text);
      const forParser = textForParser(text, directives);
      assert.equal(forParser.length, text.length);
      assert.equal(forParser.slice(header.length), text.slice(header.length));
      assert.equal(DockerfileParser.parse(forParser).getEscapeCharacter(), directives.escape);
    });
  }
});
