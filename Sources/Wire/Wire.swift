// Wire module: see docs/architecture.md
