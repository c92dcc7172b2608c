// Records what the committed client in src/generated was generated from, so a unit test can tell when
// schema.prisma or the Prisma version changed without `npm run generate -w @dealerflow/db`.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const packageDir = new URL('..', import.meta.url);
const schema = readFileSync(new URL('prisma/schema.prisma', packageDir));
const prismaVersion = createRequire(import.meta.url)('prisma/package.json').version;
const stamp = { schemaSha256: createHash('sha256').update(schema).digest('hex'), prismaVersion };
writeFileSync(new URL('src/generated/stamp.json', packageDir), `${JSON.stringify(stamp, null, 2)}\n`);
console.log('stamped', stamp);
