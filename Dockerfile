# The image of Dealerflow's own services in docker-compose.yml (the four workers and `dealerflow start`): the repository
# with its dependencies, run from source through tsx, as `npm start` runs it. Build: docker compose build.
FROM node:20-bookworm-slim
WORKDIR /app
# npm 11 (package.json's packageManager) honours `allowScripts`: only the reviewed install scripts run (docs/contributing.md).
RUN npm install -g npm@11.19.1
COPY . .
RUN npm ci && mkdir -p /data && chown node:node /data
USER node
CMD ["node", "services/cli/bin/dealerflow.js", "--help"]
