# The Ringnet server image: bin/ringnet as the entrypoint, a JDK 25 runtime, a non-root user.
#
# Two ways to put the jars in, one Dockerfile:
#   docker build -t ringnet/server .
#       the default (last) stage: the jars are built inside, in stage "build" (JDK 25 + the Maven wrapper, which
#       fetches Maven and the dependencies from Maven Central). Needs the official images (Docker Hub).
#   ./mvnw -B -ntp -DskipTests package -pl server -am
#   docker build --target prebuilt --build-arg BASE_IMAGE=ringnet/jdk25-base -t ringnet/server .
#       stage "prebuilt": the jars built on the host (server/target) are copied from the build context. For machines
#       that reach no registry (our CI), with a base image built locally by ci/docker-base-image.
# The stages come in this order so that the legacy builder, which builds every stage before its target, never
# needs the build image for --target prebuilt.
#
# BASE_IMAGE is the runtime's base: any image with a JDK 25 (or JRE) in JAVA_HOME or /usr/lib/jvm.
# BUILD_IMAGE is the build stage's: a JDK 25 (javac), with JAVA_HOME set.
ARG BASE_IMAGE=eclipse-temurin:25-jre
ARG BUILD_IMAGE=eclipse-temurin:25-jdk

FROM ${BASE_IMAGE} AS runtime-base
# fontconfig and a font: the JDK's font code needs both even for the font /caption bundles. Installed only when
# the base lacks them (the local base has them, and no network to fetch them with). The system font cache is built
# here, and the user has a home of its own: fontconfig complains on every start when it finds no cache to write.
RUN set -eux; \
    if ! command -v fc-list >/dev/null; then \
        apt-get update; \
        apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    fc-cache -s; \
    useradd --system --uid 10001 --user-group --create-home --home-dir /home/ringnet --shell /usr/sbin/nologin \
        ringnet; \
    mkdir -p /opt/ringnet/bin /opt/ringnet/server/target /reports; \
    chown ringnet:ringnet /reports
COPY bin/ringnet /opt/ringnet/bin/ringnet
# In a container the server must listen on every interface to be reached (docker run -p 8080:8080).
ENV RINGNET_BIND=0.0.0.0
WORKDIR /opt/ringnet
EXPOSE 8080

FROM runtime-base AS prebuilt
COPY server/target/ringnet-server-*.jar /opt/ringnet/server/target/
COPY server/target/lib/ /opt/ringnet/server/target/lib/
USER ringnet
ENTRYPOINT ["/opt/ringnet/bin/ringnet"]
CMD ["serve"]

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY native/ native/
COPY transport/ transport/
COPY server/ server/
COPY bench/ bench/
RUN ./mvnw -B -ntp -q -DskipTests package -pl server -am

FROM runtime-base AS runtime
COPY --from=build /src/server/target/ringnet-server-*.jar /opt/ringnet/server/target/
COPY --from=build /src/server/target/lib/ /opt/ringnet/server/target/lib/
USER ringnet
ENTRYPOINT ["/opt/ringnet/bin/ringnet"]
CMD ["serve"]
