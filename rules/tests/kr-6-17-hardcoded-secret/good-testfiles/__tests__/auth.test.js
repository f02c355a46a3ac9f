const password = 'Tr0ub4dor&3x';
test('logs in', () => expect(login('user', password)).resolves.toBeTruthy());
