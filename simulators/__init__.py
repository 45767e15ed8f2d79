"""Stand-ins for the outside world the platform talks to over HTTP (stdlib only, no Django)."""
