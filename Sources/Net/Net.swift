// Net module: see docs/architecture.md
