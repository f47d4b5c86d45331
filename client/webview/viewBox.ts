/** A rectangle in the SVG's user units. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Zoom limits relative to the whole drawing: from 1/50 of it (one node of 500 fills the view) to twice its size. */
const MIN_SCALE = 1 / 50;
const MAX_SCALE = 2;

/**
 * Pan and zoom by rewriting the SVG's viewBox: the browser redraws the vector drawing at
 * any scale, so a map of hundreds of workloads needs no canvas or virtualisation.
 */
export class ViewBox {
  private readonly full: Rect;
  private box: Rect;
  /** Set when the last pointer gesture moved the view: the click that ends it opens nothing. */
  dragged = false;

  constructor(private readonly svg: SVGSVGElement) {
    const vb = svg.viewBox.baseVal;
    this.full =
      vb && vb.width > 0 && vb.height > 0
        ? { x: vb.x, y: vb.y, width: vb.width, height: vb.height }
        : { x: 0, y: 0, width: 1000, height: 1000 };
    this.box = { ...this.full };
    this.apply();
  }

  current(): Rect {
    return { ...this.box };
  }

  set(r: Rect): void {
    this.box = { ...r };
    this.apply();
  }

  fit(): void {
    this.set(this.full);
  }

  /** factor < 1 zooms in, around the centre of the view. */
  zoom(factor: number): void {
    this.zoomAround(factor, this.box.x + this.box.width / 2, this.box.y + this.box.height / 2);
  }

  /** Zooms around the point under the mouse (client coordinates). */
  zoomAt(factor: number, clientX: number, clientY: number): void {
    const p = this.toUser(clientX, clientY);
    this.zoomAround(factor, p.x, p.y);
  }

  centerOn(r: Rect): void {
    const width = Math.min(this.full.width, Math.max(r.width * 4, this.full.width * MIN_SCALE * 10));
    const height = (width * this.box.height) / this.box.width;
    this.set({ x: r.x + r.width / 2 - width / 2, y: r.y + r.height / 2 - height / 2, width, height });
  }

  startPan(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.dragged = false;
    const start = { x: e.clientX, y: e.clientY, box: this.current() };
    const scale = this.unitsPerPixel();
    const move = (m: PointerEvent) => {
      const dx = m.clientX - start.x;
      const dy = m.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      this.dragged = true;
      this.set({ ...start.box, x: start.box.x - dx * scale, y: start.box.y - dy * scale });
    };
    const end = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', end);
  }

  private zoomAround(factor: number, cx: number, cy: number): void {
    const width = Math.min(this.full.width * MAX_SCALE, Math.max(this.full.width * MIN_SCALE, this.box.width * factor));
    const f = width / this.box.width;
    this.set({
      x: cx - (cx - this.box.x) * f,
      y: cy - (cy - this.box.y) * f,
      width,
      height: this.box.height * f,
    });
  }

  private unitsPerPixel(): number {
    const rect = this.svg.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 ? Math.max(this.box.width / rect.width, this.box.height / rect.height) : 1;
  }

  private toUser(clientX: number, clientY: number): { x: number; y: number } {
    const ctm = this.svg.getScreenCTM();
    if (!ctm) return { x: this.box.x + this.box.width / 2, y: this.box.y + this.box.height / 2 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  }

  private apply(): void {
    const b = this.box;
    this.svg.setAttribute('viewBox', `${b.x} ${b.y} ${b.width} ${b.height}`);
  }
}
