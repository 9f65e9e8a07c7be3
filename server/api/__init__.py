"""HTTP entry points: thin routes that call one service each."""
