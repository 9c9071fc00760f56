"""calidad's verdict inside CKAN: see plugin.py."""
