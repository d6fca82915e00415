import { defineHost } from "../../../src/modules/index.ts";
import demo from "../../../hosts/demo/default.ts";
import common from "../common.ts";

/** Generation 1 of the bootloader scenarios: the demo host as it is. */
export default defineHost({ imports: [demo, common] });
