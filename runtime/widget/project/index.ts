// This widget's entry: its own parts, handed to the element every widget of the migration output
// shares (finesse-migrate-widget-runtime: ../../runtime). The same file in every widget.
import { defineGadgetWidget } from "finesse-migrate-widget-runtime";
import runGadget from "./gadget.cjs";
// Libraries the gadget loaded from the Finesse server, from npm: its jQuery plugins attach to the
// widget's jQuery (the runtime's, one copy) before any gadget code runs.
import "./libraries.cjs";
import config from "./widget.json";
import styles from "./styles.css";
import template from "./template.html";

defineGadgetWidget({ config, runGadget, template, styles });
