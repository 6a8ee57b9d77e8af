"""One module per wire form: each turns a parsed response into an `Envelope`."""
