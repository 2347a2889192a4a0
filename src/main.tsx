import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xterm/xterm/css/xterm.css";
import "./styles.css";
import { App } from "./app/App";
import { Lab } from "./app/lab";
import { installTestHook } from "./app/testHook";

const lab = new Lab();
installTestHook(lab);
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App lab={lab} />
  </StrictMode>,
);
lab.start();
