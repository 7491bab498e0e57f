// Flow module: see docs/architecture.md
