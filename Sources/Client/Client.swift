// Client module: producer, consumer, admin (see docs/architecture.md)
