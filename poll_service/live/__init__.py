"""The live core: every room this worker has loaded, kept current by hub messages, and the clock
that pushes their results to the sockets watching them.

One job per module, each importing only those above it in this list:
- `convergence`: the fingerprint that tells a loaded room from the database's.
- `state`: a room as it is now (questions, answers, tallies, who is here) and applying a hub
  message to it. No I/O, and it never writes to the sockets it lists.
- `pushing`: turning a room's state into messages for its presenter screens and phones.
- `loading`: reading a room (and one question's answers, and one stored vote) from the database,
  with one shared query for stored answers.
- `countdowns`: closing voting when a quiz countdown runs out, on whichever worker is first.
- `registry`: the rooms loaded here, their hub listeners, publishing, sockets, resync and reload.
- `clock`: the ticker that pushes results at a fixed rate and keeps rooms honest (stalled
  sockets, convergence, resync while the hub is down, idle rooms).
"""
