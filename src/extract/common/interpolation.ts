/**
 * Placeholders a tool fills in before it reads an image reference: `${{ expr }}` (GitHub Actions), `$[[ expr ]]`
 * (GitLab CI inputs), `{{ expr }}` (Helm and other Go templates), `${NAME}`, `${NAME:-default}` and the other
 * shell forms, `${expr}` (HCL, devcontainer.json), `$(expr)` and `$[ expr ]` (Tekton parameters, Azure Pipelines
 * macros and runtime expressions), `<< expr >>` (CircleCI parameters), `$NAME`.
 * `$$` is an escaped dollar sign (Compose, GitLab CI) and no placeholder.
 */
const PLACEHOLDER =
  /\$\$|\$\{\{[\s\S]*?\}\}|\$\[\[[\s\S]*?\]\]|\{\{[\s\S]*?\}\}|\$\[[\s\S]*\]|\$\([^)]*\)|<<[\s\S]*?>>|\$\{([^}]*)\}|\$([A-Za-z_]\w*)/g;

/** The variable a `${...}` names, alone or with a shell default/alternative/error (`:-`, `-`, `:?`, `?`, `:+`, `+`). */
const NAMED = /^([A-Za-z_]\w*)(?:$|:?[-?+])/;

/**
 * Why basepin cannot pin an image written with placeholders, or undefined when it has none:
 * `uses variable TAG`, `uses variables REGISTRY, TAG`, or `uses expression ${{ matrix.image }}`.
 */
export function interpolationSkip(image: string): string | undefined {
  const variables: string[] = [];
  let expression: string | undefined;
  for (const match of image.matchAll(PLACEHOLDER)) {
    const [whole, braced, bare] = match;
    const name = bare ?? (braced === undefined ? undefined : NAMED.exec(braced)?.[1]);
    if (name !== undefined) {
      if (!variables.includes(name)) variables.push(name);
    } else if (whole !== '$$') {
      expression ??= whole;
    }
  }
  if (variables.length > 0) return `uses variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')}`;
  return expression === undefined ? undefined : `uses expression ${expression}`;
}
