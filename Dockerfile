# calidad in a container: `docker build -t calidad .`, then
# `docker run --rm -v "$PWD:/datos" calidad validate /datos/ARCHIVO.csv`.
# Two stages: the build needs the Rust toolchain (about 1.5 GB); the image that runs it only the
# binary on a small Debian base (about 100 MB).

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates crates
COPY schemas schemas
COPY testdata testdata
COPY benches benches
RUN cargo build --release --locked -p calidad-cli \
    && strip target/release/calidad

FROM debian:bookworm-slim
# CA certificates for `calidad validate https://…`; nothing else is needed at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/calidad /usr/local/bin/calidad
# Spanish unless told otherwise (`-e LANG=en_US.UTF-8`, or `--lang en`).
ENV LANG=C.UTF-8
WORKDIR /datos
ENTRYPOINT ["calidad"]
CMD ["--help"]
