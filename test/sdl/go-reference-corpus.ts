/**
 * Hand-written SDLs of the kind users bring from elsewhere (Compose habits, empty sections,
 * YAML 1.1 spellings, other GPU vendors): each must get Go's verdict. Every entry is a small
 * edit of one base document.
 */
export const BASE = `version: "2.0"
services:
  web:
    image: nginx:1.27.3
    expose:
      - port: 80
        to:
          - global: true
profiles:
  compute:
    web:
      resources:
        cpu:
          units: 1
        memory:
          size: 1Gi
        storage:
          size: 1Gi
  placement:
    dc:
      pricing:
        web:
          denom: uact
          amount: 100
deployment:
  web:
    dc:
      profile: web
      count: 1
`;

function edit(from: string, to: string, base = BASE): string {
  if (!base.includes(from)) throw new Error(`corpus edit: ${JSON.stringify(from)} not in the base`);
  return base.replace(from, to);
}

const TWO = edit(
  "profiles:",
  `  db:
    image: postgres:16.4
    expose:
      - port: 5432
        to:
          - service: web
profiles:`,
).replace("deployment:\n", "deployment:\n  db:\n    dc:\n      profile: web\n      count: 1\n");

export const CORPUS: Readonly<Record<string, string>> = {
  base: BASE,
  "depends_on (Compose)": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    depends_on:\n      - db\n", TWO),
  "volumes (Compose)": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    volumes:\n      - ./data:/data\n"),
  "environment (Compose)": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    environment:\n      - A=1\n"),
  "restart and labels": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    restart: always\n    labels: {a: b}\n"),
  "servcie typo in to": edit("          - service: web", "          - servcie: web", TWO),
  "unknown top-level key": `${BASE}x-notes: hello\n`,
  "unknown key in resources": edit("        cpu:\n", "        disk: 5Gi\n        cpu:\n"),
  "empty attributes": edit("    dc:\n      pricing:", "    dc:\n      attributes:\n      pricing:"),
  "empty signedBy": edit("    dc:\n      pricing:", "    dc:\n      signedBy:\n      pricing:"),
  "empty accept": edit("      - port: 80\n", "      - port: 80\n        accept:\n"),
  "empty expose": edit("    expose:\n      - port: 80\n        to:\n          - global: true\n", "    expose:\n"),
  "empty to": edit("        to:\n          - global: true\n", "        to:\n", TWO),
  "empty env": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    env:\n"),
  "empty params": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    params:\n"),
  "empty storage attributes": edit("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n          attributes:\n"),
  "persistent volume without mount, 2.0": edit(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          - size: 1Gi\n          - name: data\n            size: 10Gi\n            attributes:\n              persistent: true\n              class: beta3\n",
  ),
  "persistent volume without mount, 2.1": edit(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          - size: 1Gi\n          - name: data\n            size: 10Gi\n            attributes:\n              persistent: true\n              class: beta3\n",
    BASE.replace('"2.0"', '"2.1"'),
  ),
  "multi-line double-quoted scalar": edit("    image: nginx:1.27.3\n", '    image: nginx:1.27.3\n    command:\n      - "sh -c\n        echo hi"\n'),
  "multi-line single-quoted scalar": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    args:\n      - 'a\n\n        b'\n"),
  "multi-line quoted scalars at the parent's indentation": edit("    image: nginx:1.27.3\n", '    image: nginx:1.27.3\n    command:\n      - "sh -c\n      echo hi"\n    args:\n      - \'a\n      b\'\n'),
  "persistent off with a class": edit(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          - size: 1Gi\n          - name: data\n            size: 10Gi\n            attributes:\n              persistent: off\n              class: beta3\n",
  ).replace("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    params:\n      storage:\n        data:\n          mount: /data\n"),
  "a blank line holding a tab": edit("profiles:\n", "\t\nprofiles:\n"),
  "cpu attributes as a scalar": edit("          units: 1\n", "          units: 1\n          attributes: 2024-01-01\n"),
  "multi-line plain scalar": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    args:\n      - a\n        b\n"),
  "GPU amd": edit("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n        gpu:\n          units: 1\n          attributes:\n            vendor:\n              amd:\n                - model: mi300x\n"),
  "GPU intel, no models": edit("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n        gpu:\n          units: 1\n          attributes:\n            vendor:\n              intel:\n"),
  "GPU nvidia any model": edit("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n        gpu:\n          units: 1\n          attributes:\n            vendor:\n              nvidia:\n"),
  "YAML 1.1 yes for global": edit("          - global: true", "          - global: yes"),
  "YAML 1.1 on for global": edit("          - global: true", "          - global: on"),
  "YAML 1.1 True for global": edit("          - global: true", "          - global: True"),
  "YAML 1.1 y for persistent": edit(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          - size: 1Gi\n          - name: data\n            size: 10Gi\n            attributes:\n              persistent: y\n              class: beta3\n",
  ).replace("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    params:\n      storage:\n        data:\n          mount: /data\n"),
  "persistent as a string": edit(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          - size: 1Gi\n          - name: data\n            size: 10Gi\n            attributes:\n              persistent: \"true\"\n              class: beta3\n",
  ).replace("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    params:\n      storage:\n        data:\n          mount: /data\n"),
  "CRLF line endings": BASE.replace(/\n/g, "\r\n"),
  "lone CR line endings": BASE.replace(/\n/g, "\r"),
  "a lone CR inside": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\r    command: [a]\n"),
  "stray colon line": edit("    image: nginx:1.27.3\n", "    :\n    image: nginx:1.27.3\n"),
  "tab after a value": edit("          amount: 100\n", "          amount: 100\t\n"),
  "tab indentation": edit("      count: 1\n", "\tcount: 1\n"),
  "BOM": `\ufeff${BASE}`,
  "document end marker": `${BASE}...\n`,
  "denom akt": edit("denom: uact", "denom: akt"),
  "denom uakt": edit("denom: uact", "denom: uakt"),
  "denom ibc": edit("denom: uact", "denom: ibc/12C6A0C374171B595A0A9E18B83FA09D295FB1F2D8C6DAA3AC28683471752D84"),
  "amount zero": edit("amount: 100", "amount: 0"),
  "amount as string": edit("amount: 100", 'amount: "100"'),
  "count zero": edit("count: 1", "count: 0"),
  "count as string": edit("count: 1", 'count: "1"'),
  "port as string": edit("port: 80", 'port: "80"'),
  "cpu 0.1": edit("units: 1", "units: 0.1"),
  "cpu 1000m": edit("units: 1", "units: 1000m"),
  "memory 1G": edit("size: 1Gi\n        storage", "size: 1G\n        storage"),
  "memory lowercase gi": edit("size: 1Gi\n        storage", "size: 1gi\n        storage"),
  "image latest": edit("nginx:1.27.3", "nginx:latest"),
  "image without tag": edit("nginx:1.27.3", "nginx"),
  "image empty": edit("image: nginx:1.27.3", 'image: ""'),
  "no global expose": edit("          - global: true", "          - global: false"),
  "service not deployed": edit("deployment:\n  db:\n    dc:\n      profile: web\n      count: 1\n", "deployment:\n", TWO),
  "expose to unknown service": edit("- service: web", "- service: nope", TWO),
  "http_options bad next_cases": edit("        to:\n          - global: true\n", "        to:\n          - global: true\n        http_options:\n          next_cases: [bogus]\n"),
  "proto http": edit("      - port: 80\n", "      - port: 80\n        proto: http\n"),
  "endpoint declared unused 2.1": `${BASE.replace('"2.0"', '"2.1"')}endpoints:\n  myip:\n    kind: ip\n`,
  "ip endpoint in 2.0": `${edit("          - global: true", "          - global: true\n            ip: myip")}endpoints:\n  myip:\n    kind: ip\n`,
  "version 2.1 unquoted": BASE.replace('"2.0"', "2.1"),
  "version 2.0 unquoted": BASE.replace('"2.0"', "2.0"),
  "version 3.0": BASE.replace('"2.0"', '"3.0"'),
  "version 2.2": BASE.replace('"2.0"', '"2.2"'),
  "version v2": BASE.replace('"2.0"', "v2"),
  "duplicate key": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    image: nginx:1.27.4\n"),
  "two documents": `${BASE}---\nversion: "2.0"\n`,
  "an SDL then a broken document": `${BASE}---\n[\n`,
  "an SDL then a scalar document": `${BASE}--- hello\n`,
  "service name with capitals and _ in to": edit("- service: web", "- service: Foo_bar", TWO),
  "empty deployment": BASE.replace(/deployment:\n[\s\S]*$/, "deployment:\n"),
  "deployment {}": BASE.replace(/deployment:\n[\s\S]*$/, "deployment: {}\n"),
  "services empty": edit("services:\n", "services: {}\nx:\n"),
  "credentials without email": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    credentials:\n      host: ghcr.io\n      username: me\n      password: secret12\n"),
  "env with spaces in name": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    env:\n      - MY VAR=1\n"),
  "env without =": edit("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    env:\n      - JUSTNAME\n"),
  "accept invalid host": edit("      - port: 80\n", "      - port: 80\n        accept:\n          - not_a_host!\n"),
  "service name uppercase": BASE.replace(/\bweb\b(?=:\n    image)/, "Web").replace("deployment:\n  web:", "deployment:\n  Web:"),
  "mount relative": edit(
    "        storage:\n          size: 1Gi\n",
    "        storage:\n          - size: 1Gi\n          - name: data\n            size: 10Gi\n            attributes:\n              persistent: true\n              class: beta3\n",
  ).replace("    image: nginx:1.27.3\n", "    image: nginx:1.27.3\n    params:\n      storage:\n        data:\n          mount: data\n"),
  "storage class without persistent": edit("        storage:\n          size: 1Gi\n", "        storage:\n          size: 1Gi\n          attributes:\n            class: beta3\n"),
  "group over memory limit": edit("size: 1Gi\n        storage", "size: 2Ti\n        storage").replace("count: 1", "count: 10"),
};
