// Country multi-select: chosen countries as removable chips, plus a search box that
// filters a list (ARIA combobox + listbox). Keyboard: type to filter, ↑/↓ to move,
// Enter to add or remove, Escape to close, Backspace in an empty box removes the last chip.
import { countryName, t } from './i18n.js';

export interface CountryOption {
  name: string;
  /** Small print beside the name, e.g. "flare-up of Liberia". */
  hint: string;
}

export class CountryPicker {
  private readonly chips: HTMLUListElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private options: CountryOption[] = [];
  private selected: string[] = [];
  private active = -1;
  private visible: CountryOption[] = [];
  private readonly label: HTMLLabelElement;

  constructor(
    root: HTMLElement,
    private readonly onChange: (countries: string[]) => void,
  ) {
    this.chips = document.createElement('ul');
    this.chips.className = 'chips';
    this.chips.setAttribute('aria-label', 'Selected countries');
    this.chips.dataset['testid'] = 'selected-countries';

    const label = document.createElement('label');
    label.htmlFor = 'country-search';
    label.className = 'visually-hidden';
    label.textContent = t().addRemoveCountry;
    this.label = label;

    this.input = document.createElement('input');
    this.input.id = 'country-search';
    this.input.type = 'text';
    this.input.autocomplete = 'off';
    this.input.placeholder = t().searchCountries;
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-expanded', 'false');
    this.input.setAttribute('aria-controls', 'country-list');

    this.list = document.createElement('ul');
    this.list.id = 'country-list';
    this.list.className = 'country-list';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-multiselectable', 'true');
    this.list.setAttribute('aria-label', 'Countries');
    this.list.hidden = true;

    const box = document.createElement('div');
    box.className = 'combobox';
    box.append(this.input, this.list);
    root.append(this.chips, label, box);

    this.input.addEventListener('input', () => this.open());
    this.input.addEventListener('focus', () => this.open());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => {
      // Let a click on an option land before the list closes.
      setTimeout(() => {
        if (!root.contains(document.activeElement) || document.activeElement === document.body) this.close();
      }, 120);
    });
    this.list.addEventListener('mousedown', (e) => e.preventDefault());
    this.list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLLIElement>('li[data-country]');
      if (li?.dataset['country']) this.toggle(li.dataset['country']);
    });
    this.chips.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-country]');
      if (button?.dataset['country']) {
        this.toggle(button.dataset['country']);
        this.input.focus();
      }
    });
  }

  setOptions(options: CountryOption[]): void {
    this.options = options;
    this.renderList();
  }

  /** The page's language changed: its words, and the countries' names. */
  relabel(): void {
    this.label.textContent = t().addRemoveCountry;
    this.input.placeholder = t().searchCountries;
    this.renderChips();
    this.renderList();
  }

  setSelected(countries: string[]): void {
    this.selected = [...countries];
    this.renderChips();
    this.renderList();
  }

  private toggle(country: string): void {
    // A link may have written "guinea": the same country as the option "Guinea".
    const same = (c: string) => c.toLowerCase() === country.toLowerCase();
    const next = this.selected.some(same)
      ? this.selected.filter((c) => !same(c))
      : [...this.selected, country];
    this.setSelected(next);
    this.onChange(next);
  }

  private open(): void {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.renderList();
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.list.hidden) this.open();
      const n = this.visible.length;
      if (n === 0) return;
      this.active = e.key === 'ArrowDown' ? (this.active + 1) % n : (this.active - 1 + n) % n;
      this.renderList();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // "Liberia" + Enter is Liberia, even though "Liberia 2" matches too.
      const typed = this.input.value.trim().toLowerCase();
      const pick =
        this.visible[this.active] ??
        this.visible.find(
          (o) => o.name.toLowerCase() === typed || countryName(o.name).toLowerCase() === typed,
        ) ??
        (this.visible.length === 1 ? this.visible[0] : undefined);
      if (pick) {
        this.toggle(pick.name);
        this.input.value = '';
        this.renderList();
      }
    } else if (e.key === 'Escape') {
      if (!this.list.hidden) {
        e.preventDefault();
        this.close();
      }
    } else if (e.key === 'Backspace' && this.input.value === '' && this.selected.length > 0) {
      this.toggle(this.selected[this.selected.length - 1]!);
    }
  }

  private renderChips(): void {
    this.chips.replaceChildren(
      ...this.selected.map((name) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'chip';
        button.dataset['country'] = name;
        button.setAttribute('aria-label', t().removeCountry(countryName(name)));
        const text = document.createElement('span');
        text.textContent = countryName(name);
        const x = document.createElement('span');
        x.setAttribute('aria-hidden', 'true');
        x.textContent = '×';
        button.append(text, x);
        li.append(button);
        return li;
      }),
    );
  }

  private renderList(): void {
    const query = this.input.value.trim().toLowerCase();
    // Either name finds a country: "guinée" and "guinea" both find Guinea.
    this.visible = this.options.filter(
      (o) => o.name.toLowerCase().includes(query) || countryName(o.name).toLowerCase().includes(query),
    );
    if (this.active >= this.visible.length) this.active = this.visible.length - 1;
    this.list.replaceChildren(
      ...this.visible.map((o, i) => {
        const li = document.createElement('li');
        li.id = `country-option-${i}`;
        li.setAttribute('role', 'option');
        li.dataset['country'] = o.name;
        const chosen = this.selected.some((c) => c.toLowerCase() === o.name.toLowerCase());
        li.setAttribute('aria-selected', String(chosen));
        if (i === this.active) li.classList.add('active');
        const name = document.createElement('span');
        name.textContent = countryName(o.name);
        li.append(name);
        // The HDX name stays visible where the page's name differs, and a flare-up says whose it is.
        const hint = [countryName(o.name) !== o.name ? o.name : '', o.hint].filter(Boolean).join(', ');
        if (hint) {
          const hintEl = document.createElement('span');
          hintEl.className = 'muted';
          hintEl.textContent = hint;
          li.append(hintEl);
        }
        return li;
      }),
    );
    if (this.visible.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted empty';
      li.textContent = t().noCountryMatches;
      this.list.append(li);
    }
    const active = this.visible[this.active];
    if (active && !this.list.hidden) {
      this.input.setAttribute('aria-activedescendant', `country-option-${this.active}`);
      document.getElementById(`country-option-${this.active}`)?.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }
}
