export function render(record: { tag: { value: string } }): HTMLElement {
  return document.createElement(record.tag.value); // krewlint-expect: KR-6-7-JS-DYNAMIC-ELEMENT
}
