# setup-emulator images. Two targets, both built from binaries compiled on
# the host (`make image`, `make image-full`), so no base image or Go
# toolchain has to be pulled: the build works with no registry access.
#
#   emulator (default): FROM scratch, the static binary, CA certificates,
#                       writable /var/lib/localstack and /tmp.
#   full:               drop-in for localstack/localstack in compose files
#                       and init scripts: bash, curl, the AWS CLI, awslocal,
#                       /usr/local/bin/docker-entrypoint.sh; from ARG BASE.
#
# The build context is the repository root, of which .dockerignore sends only
# dist/ (see the Makefile): dist/<os>_<arch>/{emulator,awslocal}
# and dist/rootfs/ (CA bundle, /tmp, /var/lib/localstack with their modes).
# With BuildKit (buildx, the release workflow) the platform selects the
# binaries; the legacy builder has no TARGETARCH and falls back to amd64.
# The legacy builder also builds every stage before --target, so the
# scratch stage comes first and `make image` passes --target emulator.

# BASE is global so the full stage's FROM can use it.
ARG BASE=debian:bookworm-slim

FROM scratch AS emulator
ARG TARGETOS
ARG TARGETARCH
COPY dist/rootfs/ /
COPY dist/${TARGETOS:-linux}_${TARGETARCH:-amd64}/emulator /usr/local/bin/emulator
ENV PATH=/usr/local/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    GATEWAY_LISTEN=0.0.0.0:4566
EXPOSE 4566 4510-4559
VOLUME /var/lib/localstack
# The binary checks its own /_localstack/health, so GitHub service
# containers and compose `service_healthy` / `up --wait` need no options.
HEALTHCHECK --interval=2s --timeout=5s --start-period=10s --retries=5 \
    CMD ["/usr/local/bin/emulator", "status", "--quiet", "--local"]
# The server is PID 1 and handles SIGTERM/SIGINT itself (graceful shutdown).
ENTRYPOINT ["/usr/local/bin/emulator"]
CMD ["serve"]

FROM ${BASE} AS full
ARG TARGETOS
ARG TARGETARCH
# The base may already carry the tools (scripts/build-debian-base.sh makes
# one offline); otherwise they come from Debian's packages.
RUN set -e; \
    if ! command -v bash >/dev/null || ! command -v curl >/dev/null || ! command -v aws >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends bash curl ca-certificates awscli && \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    mkdir -p /var/lib/localstack /etc/localstack/init/boot.d /etc/localstack/init/start.d \
             /etc/localstack/init/ready.d /etc/localstack/init/shutdown.d; \
    chmod 1777 /tmp
COPY dist/${TARGETOS:-linux}_${TARGETARCH:-amd64}/emulator dist/${TARGETOS:-linux}_${TARGETARCH:-amd64}/awslocal /usr/local/bin/
COPY dist/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV GATEWAY_LISTEN=0.0.0.0:4566
EXPOSE 4566 4510-4559
VOLUME /var/lib/localstack
HEALTHCHECK --interval=2s --timeout=5s --start-period=10s --retries=5 \
    CMD ["/usr/local/bin/emulator", "status", "--quiet", "--local"]
ENTRYPOINT ["docker-entrypoint.sh"]

# Default target: the scratch image.
FROM emulator
