/*
 * The spec form of create and redeploy (and any node that reuses partials/spec-form.html): ports,
 * volumes and environment as the device's own dialog has them, each row checked as it is typed
 * (the wrong cell marked, the reason under the row), and the defaults whose validators flag the
 * node before deploy.
 */
(function () {
  'use strict';

  var V = window.SecureEdgeValidation;

  function cell(width) {
    return $('<span class="secureedge-cell">').css({ display: 'inline-block', width: width, 'margin-right': '4px' });
  }
  function field(row, name, cls, value, attrs) {
    return $('<input type="text">')
      .attr($.extend({ name: name }, attrs || {}))
      .addClass('secureedge-' + cls + '-' + name)
      .css('width', '100%')
      .val(value === undefined || value === null ? '' : value)
      .appendTo(row);
  }

  var LISTS = {
    ports: {
      cls: 'port',
      add: 'port mapping',
      header: ['Container port', 'Router port', 'Protocol'],
      widths: ['30%', '30%', '25%'],
      fields: ['containerPort', 'routerPort', 'protocol'],
      row: function (row, data) {
        row.addClass('secureedge-port-row');
        field(cell('30%').appendTo(row), 'containerPort', 'port', data.containerPort, { placeholder: 'e.g. 80' });
        field(cell('30%').appendTo(row), 'routerPort', 'port', data.routerPort, { placeholder: 'e.g. 8080' });
        var proto = $('<select name="protocol" class="secureedge-port-protocol" style="width:100%">')
          .append('<option value="tcp">tcp</option><option value="udp">udp</option>')
          .appendTo(cell('25%').appendTo(row));
        proto.val(data.protocol === 'udp' ? 'udp' : 'tcp');
      },
      read: function (row) {
        return {
          containerPort: row.find('[name=containerPort]').val().trim(),
          routerPort: row.find('[name=routerPort]').val().trim(),
          protocol: row.find('[name=protocol]').val(),
        };
      },
      empty: function (item) {
        return item.containerPort === '' && item.routerPort === '';
      },
    },
    volumes: {
      cls: 'volume',
      add: 'volume',
      header: ['Volume name', 'Container path'],
      widths: ['40%', '50%'],
      fields: ['volume', 'containerPath'],
      row: function (row, data) {
        row.addClass('secureedge-volume-row');
        field(cell('40%').appendTo(row), 'volume', 'volume', data.volume, { placeholder: 'e.g. nginx-config' });
        field(cell('50%').appendTo(row), 'containerPath', 'volume', data.containerPath, { placeholder: 'e.g. /etc/nginx' });
      },
      read: function (row) {
        return { volume: row.find('[name=volume]').val().trim(), containerPath: row.find('[name=containerPath]').val().trim() };
      },
      empty: function (item) {
        return item.volume === '' && item.containerPath === '';
      },
    },
    env: {
      cls: 'env',
      add: 'variable',
      header: ['Key', 'Value'],
      widths: ['40%', '50%'],
      fields: ['key', 'value'],
      row: function (row, data) {
        row.addClass('secureedge-env-row');
        field(cell('40%').appendTo(row), 'key', 'env', data.key, { placeholder: 'e.g. PORT' });
        field(cell('50%').appendTo(row), 'value', 'env', data.value, { placeholder: 'e.g. 8081' });
      },
      read: function (row) {
        return { key: row.find('[name=key]').val().trim(), value: row.find('[name=value]').val() };
      },
      empty: function (item) {
        return item.key === '' && (item.value === undefined || item.value === '');
      },
    },
  };

  function header(def) {
    var h = $('<div class="secureedge-list-header">').css({ 'font-size': '0.9em', padding: '4px 8px' });
    def.header.forEach(function (c, i) {
      cell(def.widths[i]).text(c).appendTo(h);
    });
    return h;
  }

  /** The rows the user has filled in (an untouched empty row is left out, as on save). */
  function filledRows(name) {
    var def = LISTS[name];
    var rows = [];
    $('#node-input-' + name + '-list')
      .editableList('items')
      .each(function () {
        var item = def.read($(this));
        if (!def.empty(item)) rows.push({ el: $(this), item: item });
      });
    return rows;
  }

  /** Check every row of a list (duplicates depend on the rows above) and mark each wrong cell. */
  function markList(name) {
    var def = LISTS[name];
    var rows = filledRows(name);
    var problems = V.checkRows(
      name,
      rows.map(function (r) {
        return r.item;
      }),
    );
    $('#node-input-' + name + '-list')
      .editableList('items')
      .each(function () {
        var el = $(this);
        var i = rows.findIndex(function (r) {
          return r.el[0] === el[0];
        });
        var p = i >= 0 ? problems[i] : {};
        def.fields.forEach(function (f) {
          el.find('[name=' + f + ']').toggleClass('input-error', !!p[f]);
        });
        V.mark($(), el, V.firstProblem(p));
      });
  }

  /** One editableList per spec list, in #node-input-<list>-list, with its own add button #node-input-add-<list>. */
  function setupSpecLists(node) {
    Object.keys(LISTS).forEach(function (name) {
      var def = LISTS[name];
      var list = $('#node-input-' + name + '-list');
      list.editableList({
        // Grow with the rows: a fixed height clipped the rows and let the add button overlap them.
        height: 'auto',
        addButton: false,
        header: header(def),
        buttons: [
          {
            id: 'node-input-add-' + name,
            label: def.add,
            icon: 'fa fa-plus',
            click: function () {
              list.editableList('addItem', {});
            },
          },
        ],
        removable: true,
        removeItem: function () {
          markList(name);
        },
        sortable: false,
        addItem: function (row, _index, data) {
          def.row(row, data);
          row.on('input change', 'input, select', function () {
            markList(name);
          });
        },
      });
      (node[name] || []).forEach(function (item) {
        list.editableList('addItem', item);
      });
      markList(name);
    });
    V.markField('networks', V.networks);
    $('#node-input-specSource')
      .on('change', function () {
        $('.secureedge-spec-form').toggle($(this).val() !== 'msg');
        $('.secureedge-spec-msg').toggle($(this).val() === 'msg');
      })
      .trigger('change');
  }

  function saveSpecLists(node) {
    Object.keys(LISTS).forEach(function (name) {
      node[name] = filledRows(name).map(function (r) {
        return r.item;
      });
    });
  }

  /** Defaults shared by create and redeploy: each list flags the node with the first wrong row. */
  function specDefaults() {
    return {
      specSource: { value: 'editor' },
      ports: { value: [], validate: V.list('ports') },
      volumes: { value: [], validate: V.list('volumes') },
      env: { value: [], validate: V.list('env') },
      networks: { value: window.SecureEdgeRules.DEFAULT_NETWORK, validate: V.networksValidator() },
    };
  }

  Object.assign(window.SecureEdgeEditor, {
    setupSpecLists: setupSpecLists,
    saveSpecLists: saveSpecLists,
    specDefaults: specDefaults,
  });
})();
