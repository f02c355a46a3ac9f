import React, { useEffect } from 'react';
import axios from 'axios';

export function Ping(): JSX.Element {
  useEffect(() => {
    void axios.post('https://api.example.com/ping', {});
  }, []);
  return <a href="http://example.com">link</a>;
}
