import type { CaseFacts } from './caseFacts.js';
import { caseRolesOf, type Person } from './people.js';

const groups = [
  { group: 'county', zh: '县级', en: 'County' },
  { group: 'units', zh: '事项1 相关单位', en: 'Units of item 1' },
  { group: 'other', zh: '其他', en: 'Others' },
] as const;

export interface PersonPickerProps {
  readonly people: readonly Person[];
  readonly selected: string;
  readonly onSelect: (key: string) => void;
  /** The open case's facts, for each person's role in it (申请单位, 牵头单位…); none off the case page. */
  readonly context?: CaseFacts;
  /** How many actions each person can take now in the open case, by key. */
  readonly pending?: ReadonlyMap<string, number>;
}

/** "我是… I am…": who the user acts as. */
export function PersonPicker({ people, selected, onSelect, context, pending }: PersonPickerProps) {
  return (
    <nav className="people" aria-label="我是 I am">
      <h2>
        我是 <span className="en">I am</span>
      </h2>
      {groups.map(({ group, zh, en }) => (
        <div key={group} className="people-group">
          <h3>
            {zh} <span className="en">{en}</span>
          </h3>
          {people
            .filter((person) => person.group === group)
            .map((person) => {
              const count = pending?.get(person.key) ?? 0;
              return (
                <button
                  key={person.key}
                  type="button"
                  className="person"
                  aria-pressed={person.key === selected}
                  data-testid={`person-${person.key}`}
                  onClick={() => onSelect(person.key)}
                >
                  <span className="person-name">
                    {person.zh} <span className="en">{person.en}</span>
                  </span>
                  <span className="person-tags">
                    {(context === undefined ? [] : caseRolesOf(person, context)).map((role) => (
                      <span key={role.en} className="tag">
                        {role.zh} {role.en}
                      </span>
                    ))}
                    {count > 0 ? (
                      <span className="tag tag-todo" title="可执行的操作 actions available now">
                        待办 {count}
                      </span>
                    ) : null}
                  </span>
                </button>
              );
            })}
        </div>
      ))}
    </nav>
  );
}
