// The PouchDB peer: loads documents into pouchdb-server, replicates them into a
// local PouchDB (LevelDB on disk) and changes some; prints one JSON line per command.
// Run by bench/peer.py with NODE_PATH pointing at bench/.peer/node_modules.
"use strict";
const fs = require("fs");
const readline = require("readline");
const PouchDB = require("pouchdb");

async function post(url, body) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function load(url, file) {
  const started = Date.now();
  await fetch(url, { method: "PUT" });
  const lines = readline.createInterface({ input: fs.createReadStream(file) });
  let batch = [];
  let count = 0;
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length === 5000) {
      await post(`${url}/_bulk_docs`, { docs: batch });
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await post(`${url}/_bulk_docs`, { docs: batch });
    count += batch.length;
  }
  return { docs: count, ms: Date.now() - started };
}

async function replicate(url, dir, batchSize) {
  const db = new PouchDB(dir);
  const started = process.hrtime.bigint();
  const info = await db.replicate.from(url, { batch_size: batchSize });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const local = await db.info();
  await db.close();
  return { ms, docs_written: info.docs_written, docs_read: info.docs_read, local_docs: local.doc_count };
}

async function change(url, count) {
  const res = await fetch(`${url}/_all_docs?include_docs=true&limit=${count}`);
  const rows = (await res.json()).rows;
  const docs = rows.map((r) => ({ ...r.doc, description: `changed ${Date.now()}` }));
  const answer = await post(`${url}/_bulk_docs`, { docs });
  return { changed: answer.filter((a) => a.ok).length };
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  let out;
  if (command === "load") out = await load(args[0], args[1]);
  else if (command === "replicate") out = await replicate(args[0], args[1], Number(args[2] || 100));
  else if (command === "change") out = await change(args[0], Number(args[1]));
  else throw new Error(`unknown command ${command}`);
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
