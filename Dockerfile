# folio's container image, for batches on Kubernetes or any container runner (see the README's
# "Splitting an archive across machines"). Two stages: the official Rust image builds the release
# binary; a slim Debian runs it as a non-root user. The bundled fonts are inside the binary;
# fonts-noto-core is only the fallback for scripts they lack (Hebrew, Devanagari, Thai, ...).
#
#   docker build -t folio:0.1.0 .
#   docker run --rm -v "$PWD/content:/in:ro" -v "$PWD/out:/out" folio:0.1.0 build /in -o /out

ARG RUST_VERSION=1.95

FROM docker.io/library/rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
 && install -D -m 0755 target/release/folio /out/usr/local/bin/folio

FROM docker.io/library/debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --uid 10001 --user-group --create-home --home-dir /home/folio --shell /usr/sbin/nologin folio
COPY --from=build /out/usr/local/bin/folio /usr/local/bin/folio
USER 10001:10001
WORKDIR /home/folio
ENTRYPOINT ["folio"]
CMD ["--help"]
