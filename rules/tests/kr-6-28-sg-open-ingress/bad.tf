resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"] # krewlint-expect: KR-6-28-SG-OPEN-INGRESS
  }

  ingress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"] # krewlint-expect: KR-6-28-SG-OPEN-INGRESS
  }
}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # krewlint-expect: KR-6-28-SG-OPEN-INGRESS
  security_group_id = aws_security_group.bastion.id
}

resource "aws_vpc_security_group_ingress_rule" "range" {
  security_group_id = aws_security_group.bastion.id
  cidr_ipv4         = "0.0.0.0/0" # krewlint-expect: KR-6-28-SG-OPEN-INGRESS
  from_port         = 80
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_security_group_rule" "zero_prefix" {
  type              = "ingress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/0"] # krewlint-expect: KR-6-28-SG-OPEN-INGRESS
  security_group_id = aws_security_group.bastion.id
}
