"""The use cases, one module each: a frozen request in, a typed result out, collaborators passed
in. `cli.py` parses arguments into requests and prints results; the window calls the same
functions through what `app.py` hands its controllers. Qt-free but for the papers drawn with
QtGui (imported where a PDF or a pack is written) and the window's own use cases (demo,
screenshot), which take the window as a collaborator."""
