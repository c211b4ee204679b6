# ebov-dash: the dashboard server, with the HDX data inside, non-root, read-only-root ready.
# Needs BuildKit (Docker >= 23, or podman >= 4.3): RUN --mount. No
# `# syntax=` line on purpose: it would pull the Dockerfile frontend from Docker Hub.
#   docker build -t ebov-dash .              docker run --rm -p 8080:8080 ebov-dash
#   podman build --format docker -t ebov-dash .   (docker format keeps the HEALTHCHECK)
# Multi-arch: docker buildx build --platform linux/amd64,linux/arm64 -t REPO/ebov-dash --push .
# More (data options, read-only root, the test stand-in): docs/container.md.

# Base: the official Node.js LTS image (Debian bookworm slim) from Amazon ECR Public, which mirrors
# Docker Hub's library images with the same digests but without Docker Hub's pull-rate limits.
# Pinned by tag and by the digest of its multi-arch index (amd64 + arm64). Where the digest came
# from: a code search of public Dockerfiles and lock notes (Nov 2026), where many projects pin
# node:24.21.0-bookworm-slim and node:24-bookworm-slim to this same digest; it could not be checked
# against the registry from this build machine (no access). To bump: choose the new tag, read its
# index digest with
#   docker buildx imagetools inspect public.ecr.aws/docker/library/node:<tag>   (the "Digest:" line)
# or `skopeo inspect --raw docker://public.ecr.aws/docker/library/node:<tag> | sha256sum`,
# replace tag and digest below, and move ship's default base with it.
# Tests cannot pull: they make a local stand-in under a name of their own and pass it
# (--build-arg NODE_IMAGE=localhost/ebov-dash-test-node:24.21.0-bookworm-slim --pull=never),
# because a locally made image cannot carry the registry's digest. This file stays unchanged.
ARG NODE_IMAGE=public.ecr.aws/docker/library/node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553

FROM ${NODE_IMAGE} AS build
# Behind a TLS-intercepting proxy, point Node at a CA bundle that exists in this stage
# (the test stand-in carries the host's /etc/ssl/certs/ca-certificates.crt). Empty: Node's own CAs.
ARG NODE_EXTRA_CA_CERTS=
# npm scripts stay off (the root `prepare` would build twice); the build runs explicitly.
RUN --mount=type=bind,target=/context \
    --mount=type=cache,target=/root/.npm,sharing=locked \
    set -e; \
    export npm_config_update_notifier=false npm_config_audit=false npm_config_fund=false; \
    mkdir -p /src /out/app/packages/dashboard /out/data/packages/dashboard /out/deps/packages/dashboard /out/deps/packages/ship; \
    cp -R /context/. /src/; \
    cd /src; \
    npm ci --ignore-scripts --prefer-offline -w ebov-dash --include-workspace-root; \
    npm run build -w ebov-dash; \
    cp -R packages/dashboard/package.json packages/dashboard/dist /out/app/packages/dashboard/; \
    cp -R packages/dashboard/data /out/data/packages/dashboard/; \
    cp package.json package-lock.json /out/deps/; \
    cp packages/dashboard/package.json /out/deps/packages/dashboard/; \
    cp packages/ship/package.json /out/deps/packages/ship/; \
    cd /out/deps; \
    npm ci --omit=dev --ignore-scripts --prefer-offline -w ebov-dash; \
    rm -rf /src package.json package-lock.json packages/ship packages/dashboard/package.json; \
    mkdir /app; cp -R /out/deps/. /out/data/. /out/app/. /app/; \
    EBOV_PREPARED_DIR=/app/prepared NODE_COMPILE_CACHE=/app/compile-cache \
    node --max-semi-space-size=2 --heap-growing-percent=10 --v8-pool-size=1 /app/packages/dashboard/dist/cli.js --check; \
    chmod -R a+rX /app/prepared /app/compile-cache; \
    mv /app/prepared /app/compile-cache /out/app/; rm -rf /app

# Runtime: the base, then three layers: production node_modules, data (the embedded HDX snapshot), app
# (the one that changes most). With no EBOV_DATA the server serves the snapshot; `-e EBOV_DATA=hdx`
# downloads the live file instead (cached in XDG_CACHE_HOME; mount a volume there to keep it).
# Everything is owned by root and read-only to the server's user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    EBOV_PREPARED_DIR=/app/prepared \
    NODE_COMPILE_CACHE=/app/compile-cache \
    XDG_CACHE_HOME=/tmp/cache
WORKDIR /app
COPY --from=build /out/deps/ /app/
COPY --from=build /out/data/ /app/
COPY --from=build /out/app/ /app/
# The image's `node` user (uid/gid 1000), numeric so that runAsNonRoot-style checks can verify it.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself; the server drains in-flight requests and exits 0.
# The node flags keep memory small: MEMORY_FLAGS in packages/dashboard/src/server/cluster.ts says why.
ENTRYPOINT ["node", "--max-semi-space-size=2", "--heap-growing-percent=10", "--v8-pool-size=1", "/app/packages/dashboard/dist/cli.js"]
# Flags go after the image name (`docker run IMAGE --help`); the base's CMD ["node"] must not.
CMD []
