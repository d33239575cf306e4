// Azurite's health check: its table port accepts a connection. A file, not `node -e "…"`: Podman 4.3 splits a
// health check's argument at its spaces, Docker does not; a path without spaces means the same on both.
const socket = require('net').connect(10002, '127.0.0.1');
socket.on('connect', () => process.exit(0));
socket.on('error', () => process.exit(1));
