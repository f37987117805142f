#!/usr/bin/env bash
# CLI tests — placeholder until the layer command lands.
exit 0
