import React from 'react';

const token = 'ghp_R8x2Lq7Zt1Wk9Mv4Np6Bs3Hd5Jf0Gc2Ya8Ue'; // krewlint-expect: KR-6-17-HARDCODED-SECRET

export function Repo(): JSX.Element {
  return <img src={`https://api.example.com/avatar?t=${token}`} />;
}
