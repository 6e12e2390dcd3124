import { escapeHtml, escapeMarkdown, formatDuration, formatNumber, formatStat } from '../src';

describe('formatNumber', () => {
  it('keeps integers, rounds to 4 significant digits, switches to exponents outside [1e-3, 1e5)', () => {
    expect(formatNumber(20)).toBe('20');
    expect(formatNumber(0.0047123)).toBe('0.004712');
    expect(formatNumber(2.61349)).toBe('2.613');
    expect(formatNumber(1.2345e-5)).toBe('1.23e-5');
    expect(formatNumber(123456.7)).toBe('1.23e+5');
    expect(formatNumber(0)).toBe('0');
  });
  it('shows broken numbers instead of hiding them', () => {
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatNumber(null)).toBe('n/a');
  });
  it('formats a Stat and durations', () => {
    expect(formatStat({ mean: 21.5, std: 0.5, n: 4 })).toBe('21.5 ± 0.5');
    expect(formatStat({ mean: 0.7, std: 1.11e-16, n: 3 })).toBe('0.7 ± 0');
    expect(formatDuration(12.34)).toBe('12.3 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(3723)).toBe('1 h 02 min 03 s');
  });
});

describe('escaping', () => {
  const hostile = `<img src="x" onerror='alert(1)'> & <script>alert("x")</script>`;
  it('makes a hostile string inert in HTML', () => {
    const out = escapeHtml(hostile);
    expect(out).not.toMatch(/[<>"']/);
    expect(out).toBe(
      '&lt;img src=&quot;x&quot; onerror=&#39;alert(1)&#39;&gt; &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
  });
  it('makes a hostile string inert in a Markdown table cell', () => {
    const out = escapeMarkdown('a | b\n[click](http://x) <b>`code`</b> *em*');
    expect(out).toBe('a \\| b \\[click\\](http://x) &lt;b&gt;\\`code\\`&lt;/b&gt; \\*em\\*');
    expect(out).not.toContain('\n');
  });
});
