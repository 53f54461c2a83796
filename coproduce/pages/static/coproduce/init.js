// Start the NHS.UK frontend components (error summary focus, header menu, password reveal).
// Every page works without this script; it only adds to what the HTML already does.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
