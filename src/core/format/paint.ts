/** Colour hooks; identity functions when colour is off (NO_COLOR, not a TTY, --no-color). */
export interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
}

const plain = (s: string) => s;
export const noPaint: Paint = { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
