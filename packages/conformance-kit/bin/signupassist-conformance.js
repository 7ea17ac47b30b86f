#!/usr/bin/env node
// The bin points here, not at dist/, because npm links a bin only when its file exists at
// install time, and dist/ appears only after the build.
import '../dist/cli.js';
