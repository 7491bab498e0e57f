// Records module: see docs/architecture.md
