package storage

const testKey = "AKIAZ7Q4M2XK5RT3WV6B"
