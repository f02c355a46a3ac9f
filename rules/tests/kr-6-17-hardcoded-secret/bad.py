import psycopg2

DB_PASSWORD = "Tr0ub4dor&3x"  # krewlint-expect: KR-6-17-HARDCODED-SECRET
conn = psycopg2.connect(host="db", user="app", password="N7q!zR2#wK9m")  # krewlint-expect: KR-6-17-HARDCODED-SECRET
settings = {"api_key": "q8Zr2LmX0vT7pW1kB4nC6yD9"}  # krewlint-expect: KR-6-17-HARDCODED-SECRET
client.secret: str = 'Vb3Kx9Qm2Rt7Yw1Zp5Ld'  # krewlint-expect: KR-6-17-HARDCODED-SECRET
