import assert from "node:assert/strict";
import { describe, test } from "node:test";
import declareServices from "./fixtures/declare-services.ts";
import declareUsers from "./fixtures/declare-users.ts";
import {
  evalModules,
  literalExpression,
  mkEnableOption,
  mkOption,
  mkPackageOption,
  optionDocs,
  renderOptionsMarkdown,
  searchOptionDocs,
  types,
} from "./index.ts";

describe("option documentation", () => {
  test("every visible option with type, default, description and declaring file; sub-options included", () => {
    const docs = optionDocs(evalModules({ modules: [declareServices, declareUsers] }));
    const names = docs.map((d) => d.name);
    assert.ok(names.includes("services.web.port"));
    assert.ok(names.includes("users.<name>.home"));
    assert.ok(!names.some((n) => n.startsWith("_module")));
    const port = docs.find((d) => d.name === "services.web.port")!;
    assert.equal(port.type, "16 bit unsigned integer; between 0 and 65535 (both inclusive)");
    assert.equal(port.default, "80");
    assert.deepEqual(port.declarations, ["src/modules/fixtures/declare-services.ts"]);
    const home = docs.find((d) => d.name === "users.<name>.home")!;
    assert.equal(home.default, '"/home/‹name›"');
  });

  test("internal and invisible options are hidden; defaultText and example are shown", () => {
    const ev = evalModules({
      modules: [
        {
          options: {
            shown: mkOption({ type: types.int, default: 1, defaultText: literalExpression("1 + 0"), example: 2, description: "Shown." }),
            hidden: mkOption({ visible: false }),
            inside: mkOption({ internal: true }),
            sub: mkOption({ visible: "shallow", type: types.submodule({ options: { x: mkOption({}) } }) }),
          },
        },
      ],
    });
    const docs = optionDocs(ev);
    assert.deepEqual(docs.map((d) => d.name), ["shown", "sub"]);
    assert.equal(docs[0]!.default, "1 + 0");
    assert.equal(docs[0]!.example, "2");
  });

  test("mkEnableOption and mkPackageOption", () => {
    const pkgs = { hello: { outPath: "/keel/store/abc-hello", name: "hello" } };
    const ev = evalModules({ modules: [{ options: { e: mkEnableOption("the thing"), p: mkPackageOption(pkgs, "hello") } }] });
    const [e, p] = optionDocs(ev);
    assert.equal(e!.description, "Whether to enable the thing.");
    assert.equal(e!.default, "false");
    assert.equal(e!.example, "true");
    assert.equal(p!.default, "pkgs.hello");
    assert.equal(p!.description, "The hello package to use.");
    assert.equal(ev.config.p, pkgs.hello);
  });

  test("search and Markdown", () => {
    const docs = optionDocs(evalModules({ modules: [declareServices] }));
    assert.deepEqual(searchOptionDocs(docs, "firewall").map((d) => d.name), ["services.firewall.allowedTCPPorts"]);
    const md = renderOptionsMarkdown(docs);
    assert.match(md, /^# Configuration options\n\n## `services.firewall.allowedTCPPorts`\n/);
    assert.match(md, /\*Type:\* list of 16 bit unsigned integer; between 0 and 65535 \(both inclusive\)/);
    assert.match(md, /\*Declared by:\* `src\/modules\/fixtures\/declare-services.ts`/);
  });
});
