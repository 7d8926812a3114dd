# The proxy as it runs in production: bundled (scripts/build-proxy.ts) on plain Node with the flags of
# `npm run proxy`. Build: docker build -t portatour-proxy .   (compose.yaml builds it for you)
# The "stand-in" stage runs the stand-in tenant for demos and compose; it is never the production user API.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Full image: better-sqlite3 compiles here when no prebuilt binary fits.
RUN npm ci
COPY . .
RUN npx tsx scripts/build-proxy.ts

FROM build AS stand-in
ENV HOST=0.0.0.0 TENANT_PORT=8788 DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8788
CMD ["node", "--import", "tsx", "test/stand-in-tenant/main.ts"]

FROM build AS runtime-modules
RUN npm prune --omit=dev

FROM node:20-bookworm-slim AS proxy
ENV NODE_ENV=production HOST=0.0.0.0 PROXY_PORT=8787 DATA_DIR=/data
WORKDIR /app
COPY --from=runtime-modules /app/package.json ./
COPY --from=runtime-modules /app/node_modules ./node_modules
COPY --from=build /app/dist/proxy ./dist/proxy
# DATA_DIR is only used without DATABASE_URL (SQLite); the proxy keeps it 0700 either way.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8787
HEALTHCHECK --interval=5s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PROXY_PORT||8787)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself (graceful stop: no new uploads, running batches finish,
# import slots released). Give it time: `docker stop -t 60`, or stop_grace_period in compose.yaml.
CMD ["node", "--max-old-space-size=768", "--max-semi-space-size=4", "--heap-growing-percent=30", "--enable-source-maps", "dist/proxy/main.mjs"]
