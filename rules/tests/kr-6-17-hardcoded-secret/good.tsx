import React from 'react';

export function Login(): JSX.Element {
  const password = '';
  return <input type="password" name="password" placeholder="Password" defaultValue={password} />;
}
