import React, { useEffect } from 'react';
import axios from 'axios';

export function Ping(): JSX.Element {
  useEffect(() => {
    void axios.post('http://api.example.com/ping', {}); // krewlint-expect: KR-6-31-HTTP-ENDPOINT-CODE
  }, []);
  return <span />;
}
