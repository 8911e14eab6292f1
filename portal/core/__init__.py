"""Operations: the local server with its worker, the worker heartbeat."""
