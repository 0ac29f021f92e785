# Build the emulator binaries and images from a checkout, with no registry
# access: binaries are compiled on the host, and the images COPY them.
#
#   make build        dist/<os>_<arch>/{emulator,awslocal} for this host
#   make image        setup-emulator:dev, the FROM scratch image
#   make image-full   setup-emulator:dev-full (needs BASE, or builds one
#                     with scripts/build-debian-base.sh when it is missing)
#   make image-multiarch  both targets for linux/amd64 and linux/arm64 (buildx)
#   make test         fast unit tests of the CLI packages
#   make e2e          Docker and --native end-to-end tests (-tags e2e)

VERSION   ?= dev
IMAGE     ?= setup-emulator:$(VERSION)
FULL_IMAGE?= setup-emulator:$(VERSION)-full
BASE      ?= setup-emulator-base:bookworm
GOOS      ?= linux
GOARCH    ?= $(shell go env GOARCH)
CA_BUNDLE ?= /etc/ssl/certs/ca-certificates.crt
LDFLAGS   := -s -w -X main.version=$(VERSION)
BIN       := dist/$(GOOS)_$(GOARCH)
DOCKER_BUILD ?= docker build
CLI_PKGS  := ./cmd/... ./internal/...
# The legacy builder sets no TARGETOS/TARGETARCH; name the binaries it COPYs.
PLATFORM_ARGS := --build-arg TARGETOS=$(GOOS) --build-arg TARGETARCH=$(GOARCH)

.PHONY: build binaries rootfs image image-full image-multiarch base test e2e size clean

build:
	go build -trimpath -ldflags '$(LDFLAGS)' -o bin/ ./cmd/emulator ./cmd/awslocal

binaries:
	CGO_ENABLED=0 GOOS=$(GOOS) GOARCH=$(GOARCH) go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/emulator ./cmd/emulator
	CGO_ENABLED=0 GOOS=$(GOOS) GOARCH=$(GOARCH) go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/awslocal ./cmd/awslocal

# The scratch image's filesystem: CA certificates from the host, a
# world-writable sticky /tmp and the state dir.
rootfs:
	rm -rf dist/rootfs
	mkdir -p dist/rootfs/etc/ssl/certs dist/rootfs/tmp dist/rootfs/var/lib/localstack
	cp $(CA_BUNDLE) dist/rootfs/etc/ssl/certs/ca-certificates.crt
	chmod 1777 dist/rootfs/tmp
	chmod 0755 dist/rootfs/var/lib/localstack
	cp scripts/docker-entrypoint.sh dist/docker-entrypoint.sh

image: binaries rootfs
	DOCKER_BUILDKIT=$${DOCKER_BUILDKIT:-0} $(DOCKER_BUILD) $(PLATFORM_ARGS) --target emulator -t $(IMAGE) -f Dockerfile .

image-full: binaries rootfs
	@docker image inspect $(BASE) >/dev/null 2>&1 || scripts/build-debian-base.sh $(BASE)
	DOCKER_BUILDKIT=$${DOCKER_BUILDKIT:-0} $(DOCKER_BUILD) $(PLATFORM_ARGS) --target full --build-arg BASE=$(BASE) -t $(FULL_IMAGE) -f Dockerfile .

# The release images: both targets for linux/amd64 and linux/arm64 with
# buildx (BuildKit picks dist/linux_<arch>/ by TARGETARCH). PUSH=--push to
# publish; needs buildx and, for the full target, a multi-arch BASE.
PLATFORMS ?= linux/amd64,linux/arm64
image-multiarch: rootfs
	$(MAKE) binaries GOARCH=amd64
	$(MAKE) binaries GOARCH=arm64
	docker buildx build --platform $(PLATFORMS) --target emulator -t $(IMAGE) $(PUSH) -f Dockerfile .
	docker buildx build --platform $(PLATFORMS) --target full --build-arg BASE=$(BASE) -t $(FULL_IMAGE) $(PUSH) -f Dockerfile .

base:
	scripts/build-debian-base.sh $(BASE)

size:
	@docker image inspect -f '{{.Size}}' $(IMAGE) | awk '{printf "$(IMAGE): %.1f MB (%d bytes)\n", $$1/1e6, $$1}'

test:
	go test $(CLI_PKGS)

e2e:
	go test -tags e2e -count=1 -timeout 20m $(CLI_PKGS)

clean:
	rm -rf dist bin
