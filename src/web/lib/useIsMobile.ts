import { Grid } from 'antd';

/** Phones (< 768 px, antd's `md` breakpoint) get a drawer menu and one-column forms. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: assume a wide screen.
  return screens.md === false;
}
