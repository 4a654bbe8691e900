import { run } from "@core/engine";
import { log } from "@util";
import { fmt } from "shared/fmt";
import { x } from "@acme/lib";
import { y } from "@acme/lib/feature/a";
import React from "react";

run(log, fmt, x, y, React);
