"""The rules of the Wmo 2015, the Awb and the Algemene termijnenwet, and the gemeente's own facts.

Pure Python: no Rasa, no HTTP. Importable from the bot environment (Python 3.10) and the API environment.
"""
