# basepin's container image: the CLI and `basepin serve`, with git for propagation, as a non-root user.
#
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" ghcr.io/basepin/basepin:0.1.0 check
#
# The two base images below are written by tag: the release workflow runs `basepin pin Dockerfile` before every
# build, so each released image is built from exact digests (printed in the release log). Pin them here the same way
# (`basepin pin Dockerfile`) wherever Docker Hub can be reached.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npx tsc -p tsconfig.build.json \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && chmod 0755 dist/src/cli/main.js

FROM node:20-bookworm-slim
# git (with ssh and CA certificates) is what propagation and `update-pr` clone, commit and push with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory /work \
 && mkdir -p /cache /work \
 && chown 1000:1000 /cache /work
WORKDIR /opt/basepin
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY LICENSE NOTICE ./
RUN ln -s /opt/basepin/dist/src/cli/main.js /usr/local/bin/basepin
# Clones kept between runs go to $XDG_CACHE_HOME/basepin/work: mount a volume on /cache to keep them.
ENV XDG_CACHE_HOME=/cache NODE_ENV=production
# The node image's unprivileged user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["basepin"]
CMD ["--help"]
