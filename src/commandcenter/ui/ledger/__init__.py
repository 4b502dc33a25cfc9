"""The rectification ledger (整改台账): filter, preview, print, save, import from Excel."""
