a = 1e4
b = -2E+3
c = "${1e2}"
x-1e4 = 5-1e1
h = 0x1e4
m = <<EOT
1e4
EOT
