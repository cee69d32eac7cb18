/**
 * `akash deploy` at a terminal: driven in a real pseudo-terminal (Python's pty module), a person
 * confirms the deployment and picks the bid in the inquirer list with the keyboard.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { AKASH_BIN, e2eSkipReason, useLocalnet, type E2eNet } from "../harness.js";
import { nodeDeployment, sdl, writeTemp } from "../chain/helpers.js";

const pythonMissing = spawnSync("python3", ["-c", "import pty"], { encoding: "utf8" }).status !== 0;
const skip = e2eSkipReason() ?? (pythonMissing ? "python3 with the pty module is needed to drive a terminal" : undefined);
let net: E2eNet;
let dseq: string | undefined;

// Runs ARGS in a pty; when the output (after the last match) matches a step's pattern, types its keys.
const DRIVER = String.raw`
import fcntl, json, os, pty, re, select, struct, subprocess, sys, termios, time
args, env, steps = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 220, 0, 0))
proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True)
os.close(slave)
buf, pos, done, deadline = b"", 0, 0, time.time() + 150
while True:
    ready, _, _ = select.select([master], [], [], 0.5)
    if ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            break
        buf += data
        if done < len(steps):
            m = re.search(steps[done][0].encode(), buf[pos:])
            if m:
                pos += m.end()
                time.sleep(0.3)
                os.write(master, steps[done][1].encode())
                done += 1
    elif proc.poll() is not None:
        break
    if time.time() > deadline:
        proc.kill()
        break
proc.wait()
print(json.dumps({"code": proc.returncode, "steps": done, "output": buf.decode("utf8", "replace")}))
`;

before(async () => {
  if (skip) return;
  net = await useLocalnet();
});

after(() => {
  if (skip || !net) return;
  if (dseq) net.cli(["deploy", "close", dseq, "--yes", "--from", net.tenant.from]);
  net.release();
});

test("at a terminal: confirm the deployment, pick the bid from the list (cheapest first), get the URIs", { skip }, () => {
  const file = writeTemp("web.yaml", sdl({ image: "nginx:1.27.0-alpine" }));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(net.env)) if (value !== undefined && key !== "CI" && key !== "NO_COLOR") env[key] = value;
  env.TERM = "xterm-256color";
  const steps = [
    // Inquirer wraps long questions at the terminal's width: match the ends, not whole lines.
    ["\\(Y/n\\)", "\r"],
    ["Choose a bid", "\r"],
  ];
  const run = spawnSync("python3", ["-c", DRIVER, JSON.stringify([process.execPath, AKASH_BIN, "deploy", file, "--from", net.tenant.from, "--bid-timeout", "60s"]), JSON.stringify(env), JSON.stringify(steps)], {
    encoding: "utf8",
    timeout: 300_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { code: number; steps: number; output: string };
  const plain = result.output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
  assert.equal(result.steps, 2, plain);
  assert.equal(result.code, 0, plain);
  assert.match(plain, /Choose a bid for group dcloud/);
  assert.match(plain, new RegExp(`uact/block .*ACT/h .*ACT/mo .*https://127\\.0\\.0\\.1:\\d+ .*region=local .*reachable`));
  const ready = /Deployment (\d+) is ready/.exec(plain);
  assert.ok(ready, plain);
  dseq = ready[1]!;
  assert.match(plain, /ingress\.localhost/);
  assert.equal(nodeDeployment(net, net.tenant.address, dseq).deployment.state, "active");
});
